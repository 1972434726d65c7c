"""Stage 4, the catalog: the whole spec checked and frozen into the model (`freeze`), with its
class tree (`class_tree`)."""
