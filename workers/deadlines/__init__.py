"""Working-day deadlines on the PRC holiday calendar (RULES.md §0.3, A-GEN-2).

A day is a working day unless it is a weekend or a statutory holiday, and a weekend the State
Council declares a working day (调休) is one. The calendar comes from the maintained
``chinesecalendar`` package (2004–2026) plus an override file an administrator extends when the
State Council publishes a new year's schedule. A year neither source knows is refused, unless the
caller explicitly asks for the provisional weekends-only rule, whose results are flagged.

Settings (environment variables):

``GOVIT_CALENDAR_OVERRIDES``
    Path of a YAML or JSON override file (see :mod:`workers.deadlines.overrides`). Unset: the
    package calendar alone.
``GOVIT_OFFICE_DAY_END``
    ``HH:MM`` local time (Asia/Shanghai) at which a due day ends; default ``17:30``. 民法典
    第二百零三条 ends a period at the close of business where there are business hours; 17:30 is
    the usual closing time of government service halls. Due dates carry this time so Zeebe timers
    and ``zeebe:taskSchedule dueDate`` fire at the close of the last working day.
``GOVIT_OFFICE_DAY_START``
    ``HH:MM`` local time at which a reminder fires on its day; default ``09:00``.
"""
