"""manage.py create_api_token USERNAME --name NAME: make a personal API token and print it (once)."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken
from api.schemas import no_control_characters


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print its secret (it is stored hashed, shown only now)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What will use the token, such as “CMS production”.")

    def handle(self, username, name, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None or not user.is_active:
            raise CommandError(f"There is no active user “{username}”.")
        name = name.strip()
        if not name or len(name) > 100:
            raise CommandError("Give the token a name of 1 to 100 characters.")
        try:
            no_control_characters(name)
        except ValueError:
            raise CommandError("The name must not contain control characters.") from None
        token, secret = ApiToken.issue(user, name)
        self.stdout.write(secret)
