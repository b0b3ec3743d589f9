"""The embedded broker (kombu's filesystem transport) with atomic message files.

kombu writes a message by opening its final file name and then writing into it; a consumer polling the
folder can move and read that file while it is still empty, and the worker dies on the JSON error
(celery/kombu#1551). Every listing change queues a push, so `make run` hit it within minutes. Writing
to a hidden temporary name and renaming it into place (atomic on POSIX) removes the window.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        temporary = os.path.join(self.data_folder_out, f".tmp-{uuid.uuid4().hex}")  # never matches "<queue>.msg"
        try:
            with open(temporary, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(temporary, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
