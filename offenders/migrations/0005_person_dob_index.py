"""A b-tree index on the persons' dates of birth (only where one is recorded).

offenders.candidates retrieves the persons born on the same day as the one looked for: a
name written too differently for its trigrams ("Raul" for Rahul) is still found through a
full date of birth, which a few dozen persons share even among a million. Plain SQL that
PostgreSQL and SQLite both understand; not declared in the model's Meta (like the trigram
indexes of migration 0002), so the migration state does not change.
"""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("offenders", "0004_bulletins")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX offenders_person_dob ON offenders_person (dob) WHERE dob IS NOT NULL",
            "DROP INDEX offenders_person_dob",
        ),
    ]
