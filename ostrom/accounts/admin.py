from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .models import Consent, Role, User


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["place"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    # Equality answers are deliberately not in the admin: only the person can see their own.
    list_display = ["email", "full_name", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "roles__kind"]
    exclude = ["password", "user_permissions", "groups"]
    readonly_fields = ["last_login", "date_joined", "erased_at"]
    inlines = [RoleInline]
    actions = ["reset_two_factor"]

    @admin.action(description="Reset two-step verification (lost phone)")
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            services.reset_two_factor(user=user, reset_by=request.user)
        self.message_user(request, f"Two-step verification reset for {len(queryset)} people")


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "purpose", "wording_version", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "wording_version"]
    readonly_fields = ["user", "purpose", "wording_version", "wording", "given_at", "withdrawn_at"]


# Two-step verification is set up by each person for themselves, and reset (audited) on the page
# accounts:two-factor-reset; django-otp's own admin pages would let an admin read or add devices.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
