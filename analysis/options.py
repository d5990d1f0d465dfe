"""Defaults and vocabularies declared once.

The command line (``python -m analysis``), the sidebar widgets and the loaders all read these
names, so a default never drifts between the app and the CLI.
"""

from __future__ import annotations

ALPHA = 0.05
CONFIDENCE_LEVEL = 0.95
SUPPRESSION_THRESHOLD = 5

#: Largest file accepted, in megabytes.
MAX_FILE_MB = 200
#: Largest upload the server takes in (``server.maxUploadSize`` in .streamlit/config.toml), so
#: that a file over MAX_FILE_MB is refused on the page with a message, not only in the upload
#: box; a file over this is refused by the upload box itself.
MAX_UPLOAD_MB = 2 * MAX_FILE_MB
#: A text line longer than this is not a table row.
MAX_LINE_CHARS = 1_000_000
#: Most columns read from one file (exports with more are not tables of clients).
MAX_COLUMNS = 1_000
#: An Excel workbook is a zip of XML: the most its parts may hold unzipped (a few megabytes can
#: expand to gigabytes), and the most cells its sheet may declare. Reading runs at about a
#: million cells in 7 s; a CSV of the same sheet reads in well under a second.
MAX_WORKBOOK_UNZIPPED_MB = 500
MAX_SHEET_CELLS = 10_000_000
#: Most distinct problem types analysed (one test per type, a table row each); a column with
#: more is usually free text or the wrong column.
MAX_PROBLEM_TYPES = 200
#: Seconds a command-line run may take before it stops with a message (``--time-limit``).
TIME_LIMIT_SECONDS = 300
#: Most delivery modes compared at once: every pair is compared (Games-Howell), and a mode
#: column with more labels is usually the wrong column.
MAX_MODES = 12
#: Most distinct labels a mode column may hold: more are flagged (and such a column is never
#: guessed as the mode), since it is not a column of delivery modes (counts, ids, free text).
MAX_MODE_LABELS = 20
#: Largest count one row may carry, and largest total of the counts: beyond this the exact and
#: simulated tests of the counts (Fisher, Monte Carlo chi-square) cannot run, and sums of
#: counts stop being exact in floating point long before 64-bit integers overflow.
MAX_COUNT = 1_000_000_000
MAX_TOTAL_COUNT = 1_000_000_000
#: Outcome values this large or larger (in size) are left out: a double holds about 15
#: significant digits, so differences between such values are rounding noise, and their
#: squares (variances) overflow near 1e154.
MAX_ABS_OUTCOME = 1e15

#: Cell texts read as missing in CSV files (an empty cell always is).
MISSING_TOKENS = ("", "NA", "N/A", "n/a", "na", "NaN", "nan", "NULL", "null", "None",
                  "#N/A", "missing", "-")

#: Separators offered for multi-label problem cells, in the order auto-detection tries them.
PROBLEM_SEPARATORS = (";", "|", ",")

#: Delivery-mode spellings and the label each is normalised to (keys are lower-cased,
#: with runs of spaces, hyphens and underscores folded to one space).
MODE_SYNONYMS = {
    "f2f": "face-to-face",
    "ftf": "face-to-face",
    "face to face": "face-to-face",
    "facetoface": "face-to-face",
    "in person": "face-to-face",
    "inperson": "face-to-face",
    "in-person": "face-to-face",
    "on site": "face-to-face",
    "online": "online",
    "on line": "online",
    "remote": "online",
    "internet": "online",
    "telephone": "phone",
    "tel": "phone",
    "phone": "phone",
    "video": "video",
    "videocall": "video",
    "video call": "video",
    "chat": "chat",
    "text chat": "chat",
}
#: Mode labels that mean "not known": treated as a missing mode and reported.
UNKNOWN_MODE_LABELS = ("unknown", "not known", "not stated", "not recorded", "unrecorded", "?",
                       "invalid", "unknown/invalid")
#: Mode labels that name a total rather than a mode: excluded and reported.
TOTAL_MODE_LABELS = ("total", "all", "grand total", "overall", "all modes")

#: Column roles (design.md, "Data model") in display order.
ROLES = ("mode", "outcome", "problem", "count", "date", "site", "counselor", "age", "gender",
         "channel", "client_id")

#: Column-name synonyms per role, best first. Names are compared lower-cased with every run of
#: non-alphanumeric characters folded to "_".
ROLE_SYNONYMS = {
    "mode": ("delivery_mode", "mode", "delivery", "delivery_format", "format", "modality",
             "service_mode", "session_mode", "consultation_medium", "medium", "setting",
             "session_format", "therapy_mode"),
    "outcome": ("satisfaction_total", "satisfaction", "csq8_total", "csq_8_total", "csq_total",
                "csq8", "csq", "satisfaction_score", "csq_score", "total_score", "score",
                "rating", "outcome"),
    "problem": ("problem_type", "primary_problem", "problem", "presenting_problem",
                "main_problem", "main_concern", "concern", "presenting_issue", "issue",
                "presenting_problems", "problems", "presenting", "complaint",
                "reason_for_referral", "reason"),
    "count": ("count", "n", "clients", "n_clients", "frequency", "freq", "weight", "cases",
              "number", "appointments"),
    "date": ("intake_date", "date", "start_date", "referral_date", "session_date", "intake",
             "start", "month", "period", "reporting_period"),
    "site": ("site", "centre", "center", "clinic", "location", "service", "office", "branch"),
    "counselor": ("counselor_id", "counsellor_id", "counselor", "counsellor", "therapist_id",
                  "therapist", "clinician", "practitioner"),
    "age": ("age", "age_years", "client_age", "age_at_intake"),
    "gender": ("gender", "sex"),
    "channel": ("online_channel", "channel", "online_format", "platform", "online_type"),
    "client_id": ("client_id", "client", "client_ref", "clientid", "id", "client_number",
                  "episode_id", "record_id"),
}
