"""Who owns each Python name of the package: the catalog's classes, their earlier
names and families' classes, against the package's own names and Python's; a name
asked for twice stops at the line that asked for it."""

from __future__ import annotations

import builtins
from collections.abc import Collection

from ruamel.yaml.comments import CommentedMap

from codegen import model, naming
from codegen.errors import SourceError, Stops

Places = dict[str, model.Place]  # a Python name -> where it was asked for


class Names:
    """Who owns each Python name of the package, and where in the inputs it was asked for."""

    def __init__(
        self,
        spec_path: str,
        documented: dict[int, model.Place],
        reserved: Collection[str],
    ) -> None:
        self.spec_path = spec_path
        # a code's spec entry (by id) -> where a page lists it
        self.documented = documented
        self.stops = Stops()
        self.families: dict[str, str] = {}  # a family -> its class, once claimed
        self.owner = dict.fromkeys(reserved, "the package itself")
        # A star import would hide Python's own names (Exception, TimeoutError, ...).
        for name in dir(builtins):
            self.owner.setdefault(name, "a Python built-in")
        self.places: Places = {}

    def of_code(self, entry: CommentedMap) -> model.Place:
        """The line documenting a code; its spec entry when no page of this run lists it."""
        place = self.documented.get(id(entry))
        if place is not None:
            return place
        return model.Place(self.spec_path, (entry.lc.line or 0) + 1)

    def of_field(self, entry: CommentedMap, field: str) -> model.Place:
        """A curated field loaded from the spec is at its spec line; a field the sync
        just wrote came with its code, from the documentation."""
        position = (entry.lc.data or {}).get(field)
        if position is not None:
            return model.Place(self.spec_path, position[0] + 1)
        return self.of_code(entry)

    def fail(self, place: model.Place, message: str) -> SourceError:
        return SourceError(place.path, place.line, message)

    def claim(self, name: str, who: str, place: model.Place) -> None:
        if name.startswith("_"):
            raise self.fail(
                place,
                f"the Python name {name} of {who} is private: it may not start with '_'",
            )
        if name in self.owner:
            raise self.fail(
                place,
                f"the Python name {name} of {who} is already taken by {self.owner[name]}",
            )
        self.owner[name] = who
        self.places[name] = place

    def claim_aliases(
        self,
        entry: CommentedMap,
        code: str,
        aliases: tuple[str, ...],
        exception: str | None,
    ) -> None:
        """The earlier names of a code's class, each a Python name of its own."""
        for alias in aliases:
            place = self.of_field(entry, "aliases")
            if exception is None or not naming.is_identifier(alias):
                raise self.fail(
                    place,
                    f"code '{code}': alias '{alias}' needs an exception and a Python name",
                )
            self.claim(alias, f"code '{code}' (an earlier name of {exception})", place)

    def claim_family(self, family: str, place: model.Place) -> str:
        """The class of a family, and its class for the codes the catalog does not
        list, claimed once per family: named after the family (AuthError,
        UnknownAuthError), or where the package, Python or the spec already has one
        of those names (family CODE: UnknownCodeError is the package's; TIMEOUT:
        TimeoutError is Python's), after the family and the word Family
        (CodeFamilyError), then numbered. Neither is curated, so neither stops a run."""
        chosen = self.families.get(family)
        if chosen is not None:
            return chosen
        stem = naming.class_name(family)
        variants = (stem, f"{stem}Family", *(f"{stem}Family{n}" for n in range(2, 100)))
        for variant in variants:
            family_class = naming.class_name(variant, "Error")
            owners = {
                family_class: f"family '{family}'",
                f"Unknown{family_class}": f"the class for unknown codes of family '{family}'",
            }
            if not any(name in self.owner for name in owners):
                for name, owner in owners.items():
                    self.claim(name, owner, place)
                self.families[family] = family_class
                return family_class
        raise self.fail(place, f"family '{family}' finds no free class name")
