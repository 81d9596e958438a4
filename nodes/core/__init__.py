"""kflow's core nodes: enough to write real flows without code (n8n's names and shapes)."""
