from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="callcentre",
            options={
                "ordering": ["name"],
                "permissions": [
                    ("merge_callcentre", "Can merge duplicate call centres"),
                    ("unmerge_callcentre", "Can undo a merge of call centres"),
                    ("reassign_callcentre", "Can set a call centre's station other than its locality's"),
                ],
                "verbose_name": "call centre",
                "verbose_name_plural": "call centres",
            },
        ),
        migrations.RemoveConstraint(
            model_name="occupancy",
            name="unique_occupancy",
        ),
        migrations.AddField(
            model_name="historicalpremises",
            name="landlord_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=160, verbose_name="landlord key"),
        ),
        migrations.AddField(
            model_name="premises",
            name="landlord_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=160, verbose_name="landlord key"),
        ),
    ]
