"""The submit page's form: pasted text, or only a URL whose page is fetched."""

from __future__ import annotations

from typing import Any

from django import forms


class ArticleSubmitForm(forms.Form):
    title = forms.CharField(required=False, max_length=500, label="Title")
    body = forms.CharField(
        required=False,
        strip=False,  # offsets point into the body as pasted
        widget=forms.Textarea(attrs={"rows": 12}),
        label="Article text",
        help_text="Paste the article. Leave it empty to fetch the page at the URL instead.",
    )
    url = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label="URL",
        help_text="Where the article was published; fetched when no text is pasted.",
    )
    source = forms.CharField(
        required=False, max_length=200, label="Source", help_text="Publisher or site name."
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data.get("url") or ""
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Only http and https URLs are accepted.")
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("body") or "").strip() and not data.get("url") and not self.errors:
            raise forms.ValidationError("Paste the article's text, or give a URL to fetch it from.")
        return data

    def has_text(self) -> bool:
        return bool((self.cleaned_data.get("body") or "").strip())
