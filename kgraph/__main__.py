"""`python -m kgraph`: the command line, named `kgraph` in its help and its shell completion."""

from kgraph.cli import main

if __name__ == "__main__":
    main(prog_name="kgraph")
