"""The documented algorithm as a navigable tree, grouped by stage, with each node's detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tutor.core.algorithm.algorithm import Algorithm, Node
from tutor.core.cases.model import Reference
from tutor.ui import render
from tutor.ui.widgets.blocks import Blocks
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.scroll import KeyScroll
from tutor.ui.widgets.topbar import TopBar

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class AlgorithmTree(Tree[Node | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
    ]


class AlgorithmScreen(Screen[None]):
    AUTO_FOCUS = "AlgorithmTree"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "references",
            "References",
            tooltip="Full references cited by the node shown",
            id="algorithm.references",
        ),
        Binding("tab", "focus_next", "Switch pane", show=False, id="algorithm.next-pane"),
        Binding("escape", "back", "Back", id="algorithm.back"),
    ]

    def __init__(
        self,
        algorithm: Algorithm,
        references: dict[str, Reference],
        focus_node: str | None = None,
    ) -> None:
        super().__init__()
        self.algorithm = algorithm
        self.references = references
        self.focus_node = focus_node
        self.current: Node | None = None
        self._leaves: list[tuple[TreeNode[Node | None], str]] = []
        self._label_width: int | None = None

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TopBar(render.line(("Algorithm", "bold"), " · ", self.algorithm.title))
        with Horizontal(id="algorithm-body"):
            tree = AlgorithmTree(Text(self.algorithm.title), id="algorithm-tree")
            tree.show_root = False
            yield tree
            with KeyScroll(id="node-detail"):
                yield Blocks([], id="node-text")
                yield Blocks([], id="node-references")
        yield KeyBar()

    def on_mount(self) -> None:
        tree = self.query_one(AlgorithmTree)
        target: TreeNode[Node | None] | None = None
        stages: dict[str, TreeNode[Node | None]] = {}
        for node in self.algorithm.nodes:
            group = stages.get(node.stage.value)
            if group is None:
                group = tree.root.add(
                    Text(node.stage.label.capitalize(), style="bold"), data=None, expand=True
                )
                stages[node.stage.value] = group
            leaf = group.add_leaf(Text(node.title), data=node)
            self._leaves.append((leaf, node.title))
            if node.id == self.focus_node or (target is None and self.focus_node is None):
                target = leaf
        tree.root.expand()
        self.call_after_refresh(self._fit_labels)
        if target is not None:
            self.call_after_refresh(self._go_to, target)
        self.show_node(target.data if target else None)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_labels)

    def _fit_labels(self) -> None:
        """Cut each title to the tree's width at a word, with an ellipsis: the tree would cut it
        mid-word without one. The detail pane beside it shows the whole title."""
        tree = self.query_one(AlgorithmTree)
        width = tree.scrollable_content_region.width - tree.guide_depth
        if width <= 0 or width == self._label_width:
            return
        self._label_width = width
        for leaf, title in self._leaves:
            leaf.set_label(Text(render.cut_at_word(title, width)))

    def _go_to(self, node: TreeNode[Node | None]) -> None:
        tree = self.query_one(AlgorithmTree)
        tree.move_cursor(node, animate=False)
        tree.scroll_to_node(node, animate=False)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Node | None]) -> None:
        if event.node.data is not None:
            self.show_node(event.node.data)

    def show_node(self, node: Node | None) -> None:
        self.current = node
        text = self.query_one("#node-text", Blocks)
        refs = self.query_one("#node-references", Blocks)
        if node is None:
            text.show([render.Block(Content.styled("Choose a node on the left.", render.MUTED))])
            refs.show([])
            return
        text.show(render.node_detail(node, self.references))
        refs.show(
            [
                render.Block(render.heading("References"), gap=True),
                *render.reference_blocks(node.citations(), self.references),
            ]
        )
        self.query_one("#node-detail", KeyScroll).scroll_home(animate=False)

    def action_references(self) -> None:
        if self.current is not None:
            self.tutor.show_references(
                self.current.citations(), f"References for '{self.current.title}'"
            )

    def action_back(self) -> None:
        self.dismiss(None)
