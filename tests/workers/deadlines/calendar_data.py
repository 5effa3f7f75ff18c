"""Calendar data shared by the deadline tests."""

# The State Council schedule for 2027 as an administrator would enter it (dates as published in
# the 2027 notice are not known to the package; these test the mechanism, not the schedule).
OVERRIDES_2027 = """\
years:
  2027:
    holidays:
      - 2027-01-01
      - 2027-02-05/2027-02-11
      - 2027-10-01/2027-10-07
    workdays:
      - 2027-02-13
      - 2027-10-09
"""
