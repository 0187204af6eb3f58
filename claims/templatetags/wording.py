"""`{% differences match.text claim.text as diff %}`: where a near-copy's wording differs (claims/wording.py)."""
from django import template

from ..wording import differences as _differences

register = template.Library()


@register.simple_tag
def differences(text, other):
    return _differences(text, other)
