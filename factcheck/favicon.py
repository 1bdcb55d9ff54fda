"""/favicon.ico: browsers ask for it whatever the page says; send them to the SVG icon."""

from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    # Resolved per request, not at import: the hashed static name exists only after collectstatic.
    return HttpResponseRedirect(static("favicon.svg"))
