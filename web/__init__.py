"""The web front: public catalogue, web chat and the command line."""
