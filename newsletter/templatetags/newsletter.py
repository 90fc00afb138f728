from django import template

from newsletter.forms import SubscribeForm, started_token

register = template.Library()


@register.inclusion_tag("includes/subscribe_form.html")
def subscribe_form(source: str = "box", form=None):
    """The signup form; the same markup for every reader, so pages stay cacheable."""
    return {
        "form": form or SubscribeForm(),
        "source": source,
        "started": started_token(),
        "prefix": source,
    }
