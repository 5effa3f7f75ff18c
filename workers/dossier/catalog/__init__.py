"""The packaged rule catalog: measures, rules, ambiguity readings and chapters (tools/dossier_catalog.py)."""
