// A click that a redraw would lose. When a new model draws a view again
// while the mouse button is held on one of its items, Chromium sends no
// click at all: the pressed element is gone. A press remembers how to find
// its item in any drawing, and a release on the same spot over a redrawn
// item counts as the click the browser did not send.

/** How far (px) the pointer may move between press and release and still click. */
export const CLICK_SLOP = 4;

export class Presses {
  private pressed: { element: Element; selector: string; x: number; y: number } | undefined;

  /**
   * @param root where the items are drawn
   * @param selectorOf a selector that finds `target`'s item again in a new drawing, or undefined when `target` is no item
   */
  constructor(
    private readonly root: ParentNode,
    private readonly selectorOf: (target: Element) => string | undefined,
  ) {}

  down(event: PointerEvent): void {
    const selector = event.button === 0 && event.target instanceof Element ? this.selectorOf(event.target) : undefined;
    this.pressed = selector && event.target instanceof Element ? { element: event.target, selector, x: event.clientX, y: event.clientY } : undefined;
  }

  /** The item to click on at this release when a redraw swallowed the click, else undefined (the browser's click comes). */
  lostClick(event: PointerEvent): Element | undefined {
    const press = this.pressed;
    this.pressed = undefined;
    if (!press || press.element.isConnected || event.button !== 0) return undefined;
    if (Math.abs(event.clientX - press.x) >= CLICK_SLOP || Math.abs(event.clientY - press.y) >= CLICK_SLOP) return undefined;
    return this.root.querySelector(press.selector) ?? undefined;
  }
}
