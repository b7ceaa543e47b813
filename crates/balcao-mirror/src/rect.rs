//! A plain pixel rectangle, shared by damage (window coordinates) and frame updates (frame coordinates).
//! It is its own small type, rather than a tuple, because merging and clipping damage is done in several
//! places and must be done the same way everywhere.

/// A rectangle of pixels: `x`, `y` of its top-left corner, `width` and `height`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Rect {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl Rect {
    /// A rectangle from its corner and size.
    pub const fn new(x: u32, y: u32, width: u32, height: u32) -> Self {
        Self { x, y, width, height }
    }

    /// The rectangle `(0, 0, width, height)`.
    pub const fn of_size(width: u32, height: u32) -> Self {
        Self::new(0, 0, width, height)
    }

    /// Whether it covers no pixel.
    pub const fn is_empty(&self) -> bool {
        self.width == 0 || self.height == 0
    }

    /// One past the right edge.
    pub const fn right(&self) -> u32 {
        self.x.saturating_add(self.width)
    }

    /// One past the bottom edge.
    pub const fn bottom(&self) -> u32 {
        self.y.saturating_add(self.height)
    }

    /// The number of pixels it covers.
    pub const fn area(&self) -> u64 {
        self.width as u64 * self.height as u64
    }

    /// The common part of two rectangles, if they overlap.
    pub fn intersect(&self, other: &Rect) -> Option<Rect> {
        let x = self.x.max(other.x);
        let y = self.y.max(other.y);
        let r = self.right().min(other.right());
        let b = self.bottom().min(other.bottom());
        (r > x && b > y).then(|| Rect::new(x, y, r - x, b - y))
    }

    /// The smallest rectangle holding both (an empty one is ignored).
    pub fn union(&self, other: &Rect) -> Rect {
        if self.is_empty() {
            return *other;
        }
        if other.is_empty() {
            return *self;
        }
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        let r = self.right().max(other.right());
        let b = self.bottom().max(other.bottom());
        Rect::new(x, y, r - x, b - y)
    }

    /// Whether `other` lies wholly inside this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
}

/// Adds `rect` to a damage list, keeping it short: rectangles that touch or overlap are merged, and when
/// the list would exceed `max` rectangles it collapses into their bounding box. Fewer, larger grabs cost
/// less than many tiny round trips.
pub(crate) fn add_damage(list: &mut Vec<Rect>, rect: Rect, max: usize) {
    if rect.is_empty() {
        return;
    }
    let mut merged = rect;
    loop {
        let grown = Rect::new(
            merged.x.saturating_sub(1),
            merged.y.saturating_sub(1),
            merged.width.saturating_add(2),
            merged.height.saturating_add(2),
        );
        let Some(i) = list.iter().position(|r| r.intersect(&grown).is_some()) else {
            break;
        };
        merged = merged.union(&list.swap_remove(i));
    }
    list.push(merged);
    if list.len() > max {
        let bbox = list.iter().fold(Rect::default(), |acc, r| acc.union(r));
        list.clear();
        list.push(bbox);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersect_and_union() {
        let a = Rect::new(0, 0, 10, 10);
        let b = Rect::new(5, 5, 10, 10);
        assert_eq!(a.intersect(&b), Some(Rect::new(5, 5, 5, 5)));
        assert_eq!(a.union(&b), Rect::new(0, 0, 15, 15));
        assert_eq!(a.intersect(&Rect::new(10, 0, 5, 5)), None);
        assert!(a.contains(&Rect::new(2, 2, 8, 8)));
        assert!(!a.contains(&b));
    }

    #[test]
    fn damage_merges_touching_and_caps_the_list() {
        let mut list = Vec::new();
        add_damage(&mut list, Rect::new(0, 0, 10, 10), 4);
        add_damage(&mut list, Rect::new(10, 0, 10, 10), 4);
        assert_eq!(list, vec![Rect::new(0, 0, 20, 10)]);
        for i in 0..3 {
            add_damage(&mut list, Rect::new(100 + i * 50, 100, 5, 5), 4);
        }
        assert_eq!(list.len(), 4);
        add_damage(&mut list, Rect::new(250, 100, 5, 5), 4);
        assert_eq!(list, vec![Rect::new(0, 0, 255, 105)]);
    }
}
