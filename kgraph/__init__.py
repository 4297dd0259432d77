"""kgraph: a knowledge graph of Dutch parliamentary written questions and their answers."""
