"""The project dossier: every decision, task, deadline and filing of a project, with its articles."""
