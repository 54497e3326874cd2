"""The lab as a graded assignment: a class training service (``service``) that an instructor runs, the
client students point at it (``client``), per-student hidden laws derived from the instructor's secret
(``hidden``), the ledger every run is written to (``store``) and the autograder (``grading``).

``python -m scaling_lib.lab serve`` starts the service; ``python -m scaling_lib.lab --help`` lists the
commands. The lab imports laws, data and studies, never the book; its web server (Starlette, uvicorn) is
the optional dependency ``scaling-lib[serve]``, which only the instructor needs.
"""
