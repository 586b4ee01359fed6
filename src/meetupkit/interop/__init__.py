"""Bridges to other calendar libraries, each behind an optional extra.

:mod:`meetupkit.interop.ics` converts to and from ics-py 0.7 objects
(``pip install meetupkit[ics]``).
"""
