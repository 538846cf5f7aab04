"""Shared ground: the NHS.UK page layout, the audit log, progress of background work."""
