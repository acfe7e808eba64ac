"""SPARQL over the graph: checking a request, running it in worker processes, serializing
results, and the named competency queries."""
