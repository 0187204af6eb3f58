"""How people are named in the pages: `{{ claim.assignee|person }}` gives the full name, or the
username when there is none, or "" for nobody (so `|person|default:"Nobody"` reads naturally)."""
from django import template

from ..models import person_name

register = template.Library()
register.filter("person", person_name)
