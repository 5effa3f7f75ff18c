"""The registry of projects, phases, applications, decisions, filings, milestones and compliance flags."""
