"""Task queues, so solver runs and imports can be worked on other machines (`selaras db_worker --queue-name`).

- `solver`: rollout solves and the synchronization analysis (CPU for minutes);
- `imports`: uploaded files checked and written (regions, plans, surveys);
- `default`: everything else (the worker heartbeat).
"""

from __future__ import annotations

QUEUE_DEFAULT = "default"
QUEUE_SOLVER = "solver"
QUEUE_IMPORTS = "imports"
QUEUES = (QUEUE_DEFAULT, QUEUE_SOLVER, QUEUE_IMPORTS)
