"""Source adapters: each reads one kind of source folder or file into a build `Registry`."""
