"""The form for importing an Open Referral UK file or feed (the checks of its content are the importer's)."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext

MOST_BYTES = 20 * 1024 * 1024


class OrukImportForm(forms.Form):
    file = forms.FileField(required=False)
    url = forms.CharField(required=False, max_length=300, strip=True)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if not upload.name.lower().endswith(".json"):
            raise forms.ValidationError(gettext("The file must be a JSON (.json) file"))
        if upload.size > MOST_BYTES:
            raise forms.ValidationError(gettext("The file must be smaller than 20MB"))
        return upload

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        if "\x00" in url:
            raise forms.ValidationError(gettext("Remove the invisible control character from the address"))
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except forms.ValidationError as problem:
                raise forms.ValidationError(
                    gettext("Enter the web address of the feed, starting with https:// or http://")
                ) from problem
        return url

    def clean(self):
        data = super().clean()
        has_file, has_url = bool(data.get("file")), bool(data.get("url"))
        if not self.errors and has_file == has_url:
            message = (
                gettext("Choose a file or give a feed address, not both")
                if has_file
                else gettext("Choose a file or give a feed address")
            )
            self.add_error("file", message)
        return data
