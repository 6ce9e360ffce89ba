"""The ``negpos`` command: argv in, data on stdout, messages on stderr, an exit status out."""
