"""Uploads on their way in. Django writes a file larger than FILE_UPLOAD_MAX_MEMORY_SIZE to the temporary
folder as it arrives. If that folder's disk is full (or the server's file size limit is reached), Django's
own handler lets the error out at once: the part already written stays behind until Python's garbage
collector comes by, and the connection is closed before the browser has sent the rest, so the person sees
the browser's "connection reset" rather than a page.

This handler deletes the part written at once, reads the rest of the request, and only then raises
`FileNotSaved`, which `core.views.server_error` answers with a page saying that the file could not be
saved. Nothing of the form reaches the view, so nothing of it is saved."""

import contextlib
import errno

from django.core.files.uploadhandler import SkipFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler as DjangoTemporaryFileUploadHandler

# A full disk, a file larger than the process may write (RLIMIT_FSIZE), a full disk quota.
NO_ROOM = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


class FileNotSaved(Exception):
    """An uploaded file could not be written to the temporary folder: there is no room for it."""


class TemporaryFileUploadHandler(DjangoTemporaryFileUploadHandler):
    """Django's, but a file there is no room for is left out, and the request refused once it is read."""

    not_saved: OSError | None = None

    def new_file(self, *args, **kwargs):
        try:
            super().new_file(*args, **kwargs)
        except OSError as problem:
            self._note(problem)
            raise SkipFile from problem  # Django reads past this file to the end of the request

    def receive_data_chunk(self, raw_data, start):
        try:
            return super().receive_data_chunk(raw_data, start)
        except OSError as problem:
            self._note(problem)
            self._delete_partial_file()
            raise SkipFile from problem

    def file_complete(self, file_size):
        try:
            return super().file_complete(file_size)  # which writes out what is still buffered
        except OSError as problem:
            self._note(problem)
            self._delete_partial_file()
            return None

    def upload_complete(self):
        if self.not_saved is not None:
            raise FileNotSaved(f"An uploaded file could not be saved: {self.not_saved}") from self.not_saved

    def _note(self, problem: OSError) -> None:
        if problem.errno not in NO_ROOM:
            raise problem
        self.not_saved = self.not_saved or problem

    def _delete_partial_file(self) -> None:
        # Closing deletes the temporary file, after trying to write out the rest of its buffer: that fails
        # for the same want of room, which is already noted.
        with contextlib.suppress(OSError):
            self.file.close()
