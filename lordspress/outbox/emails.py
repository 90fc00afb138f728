"""Building emails: a plain-text part and an HTML part whose CSS is inlined (css-inline),
so they read the same in every mail client."""

from email.utils import make_msgid
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from lordspress.core.text import single_line

_INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


def build_email(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """Render ``templates/email/<template>.txt`` and ``.html`` into one message to ``to``.

    The subject is made one line here as well as in the fields it comes from: a line break
    in a header is refused by Django (``BadHeaderError``) and would let text forge headers.
    """
    from lordspress.sitesettings.models import SiteSettings

    subject = single_line(subject)
    context = {
        "site_name": settings.SITE_NAME,
        "site_settings": SiteSettings.load(),
        "subject": subject,
        **context,
    }
    text = render_to_string(f"email/{template}.txt", context)
    html = _INLINER.inline(render_to_string(f"email/{template}.html", context))
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={"Message-ID": make_msgid(domain=domain), **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    return message
