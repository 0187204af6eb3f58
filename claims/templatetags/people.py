"""How people are named in the pages: `{{ claim.assignee|person }}` gives the full name, or the
username when there is none, or "" for nobody (so `|person|default:"Nobody"` reads naturally)."""
from django import template

register = template.Library()


@register.filter
def person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
