"""`python manage.py seed_demo`: idempotent demo data. Refuses to run in production."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import Source, audit_context
from core.demo import demo_steps
from core.roles import Role
from stations.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, ZONES, locality_point, station_code, station_localities
from stations.models import Locality, PoliceStation, User, Zone
from stations.services import user_create


class Command(BaseCommand):
    help = "Create the demo zones, stations, localities and users (idempotent)."

    def handle(self, *args, **options):
        if getattr(settings, "IS_PRODUCTION", False):
            raise CommandError(_("seed_demo refuses to run in production mode."))
        with audit_context(Source.COMMAND), transaction.atomic():
            created = self._seed_reference() + self._seed_users()
            enrolled = self._seed_second_factor()
        # Each app's demo data (core.demo registry, filled in the apps' AppConfig.ready), in order.
        for step in demo_steps():
            with audit_context(Source.COMMAND), transaction.atomic():
                made = step.seed()
            self.stdout.write(f"{step.label}: {made}")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new users)."))
        self.stdout.write(
            f"Users: admin, commissioner, cyber, association, dcp-<zone>, sho-<station>. Password for all: {DEMO_PASSWORD}"
        )
        self.stdout.write(
            f"Two-step sign-in ({enrolled} accounts enrolled now): admin, commissioner, cyber and dcp-<zone> also need a "
            f"code: add the key {DEMO_TOTP_SECRET} to an authenticator app (demo only)."
        )

    def _seed_reference(self) -> int:
        for zone_name, stations in ZONES.items():
            zone, _c = Zone.objects.get_or_create(code=station_code(zone_name), defaults={"name": zone_name})
            for i, name in enumerate(stations, start=1):
                station, _c = PoliceStation.objects.get_or_create(
                    code=station_code(name),
                    defaults={
                        "name": name,
                        "zone": zone,
                        "address": f"Police Station {name}, Gurugram, Haryana",
                        "phone": f"0124-22{i:02d}{len(name):03d}",
                    },
                )
                for loc, aliases, hotspot in station_localities(name):
                    locality, _created = Locality.objects.get_or_create(
                        name=loc, defaults={"station": station, "aliases": aliases, "is_hotspot": hotspot}
                    )
                    point = locality_point(name, loc)
                    if point and locality.latitude is None:  # demo coordinates, also for older demo databases
                        locality.latitude, locality.longitude = point
                        locality.save(update_fields=["latitude", "longitude"])
        return 0

    def _seed_users(self) -> int:
        wanted = [
            ("admin", Role.ADMIN, None, None, {"is_superuser": True}),
            ("commissioner", Role.COMMISSIONER, None, None, {}),
            ("cyber", Role.CYBER, None, None, {}),
            ("association", Role.ASSOCIATION, None, None, {}),
        ]
        wanted += [(f"dcp-{z.code}", Role.ZONE, None, z, {}) for z in Zone.objects.all()]
        wanted += [(f"sho-{s.code}", Role.STATION, s, None, {}) for s in PoliceStation.objects.all()]
        existing = set(User.objects.values_list("username", flat=True))
        # Hash the shared demo password once: 48 separate PBKDF2 runs would take half a minute.
        password_hash = make_password(DEMO_PASSWORD)
        created = 0
        for username, role, station, zone, extra in wanted:
            if username in existing:
                continue
            org = "Udyog Vihar Industries Association" if role == Role.ASSOCIATION else ""
            user_create(
                username=username,
                password=None,
                password_hash=password_hash,
                role=role,
                station=station,
                zone=zone,
                organisation=org,
                first_name=username.split("-")[0].upper(),
                **extra,
            )
            created += 1
        return created

    def _seed_second_factor(self) -> int:
        """Enrol the demo accounts whose role needs a second factor with the demo key (printed)."""
        import base64

        from django_otp.plugins.otp_totp.models import TOTPDevice

        from core.accounts.twofactor import TOTP_NAME, role_requires_otp

        key = base64.b32decode(DEMO_TOTP_SECRET).hex()
        enrolled = 0
        for user in User.objects.filter(is_active=True).order_by("pk"):
            if role_requires_otp(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key, confirmed=True)
                enrolled += 1
        return enrolled
