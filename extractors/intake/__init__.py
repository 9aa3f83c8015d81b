"""Intake of one uploaded file, before and around its extractor: what the file is by its content,
the resource limits it must stay within, and the child process that runs its extraction.

Uploads are untrusted: a zip bomb named ``.docx``, a 200 MB text dump, a PNG renamed ``.pdf``. Each
gets one specific reason (``identify``, ``pdf_checks``), is stopped at a stated limit (``limits``),
and cannot take the refresh down with it (``worker``: a crash or an out-of-memory ends that
document's child process, not the refresh).
"""
