"""The `flagbot` command: its subcommands, the offline demo, doctor and the sample county."""
