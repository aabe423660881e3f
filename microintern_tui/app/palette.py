"""The command palette's list of the current screen's keys, so every action is also a command."""

from __future__ import annotations

from functools import partial

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen


class KeysProvider(Provider):
    """Offers each described binding of the screen under the palette as a command.

    The command's name is the binding's description ("Add hours"), its help the key
    ("key a"); running it runs the binding's action on the node that defines it.
    """

    def _commands(self) -> list[tuple[str, str, DOMNode, str]]:
        seen: set[str] = set()
        commands = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled or binding.system:
                continue
            # A widget's hidden keys are cursor moves (up, page down): not commands.
            if not binding.show and not isinstance(active.node, Screen | App):
                continue
            if binding.description in seen:
                continue
            seen.add(binding.description)
            shown = self.app.get_key_display(binding) or key
            commands.append((binding.description, f"key {shown}", active.node, binding.action))
        return commands

    async def _run(self, node: DOMNode, action: str) -> None:
        await self.app.run_action(action, node)

    async def discover(self) -> Hits:
        for name, help_text, node, action in self._commands():
            yield DiscoveryHit(name, partial(self._run, node, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, node, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(self._run, node, action), help=help_text
                )
