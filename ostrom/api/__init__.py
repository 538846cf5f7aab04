"""The public API: one NinjaAPI mounting each app's router, with session and personal-token auth."""
