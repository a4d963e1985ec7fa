from typing import Any

from django.db import migrations


def load_seed(apps: Any, schema_editor: Any) -> None:
    from selaras.planning.seed import SEED_DECREE, seed_entries

    Version = apps.get_model("planning", "NomenclatureVersion")
    Nomenclature = apps.get_model("planning", "Nomenclature")
    if Nomenclature.objects.exists():
        return
    entries = seed_entries()
    version = Version.objects.create(decree=SEED_DECREE, is_partial=True, entries=len(entries))
    Nomenclature.objects.bulk_create(
        Nomenclature(code=e.code, urusan=e.urusan, level=e.level, tier=e.tier, name=e.name, version=version)
        for e in entries
    )


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]
    operations = [migrations.RunPython(load_seed, migrations.RunPython.noop)]
