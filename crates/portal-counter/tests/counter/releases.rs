//! A release switch that takes an article down: its hits are refused from then on, and it
//! leaves 点击排行 at the next refresh; a changed `_portal.views` replaces the starting count.

use portal_core::model::counter::{parse_top, Window};

use crate::support::{write_site, Served, TempDir};

#[test]
fn a_release_switch_takes_an_article_down() {
    let dir = TempDir::new("releases");
    let (one, two) = (dir.0.join("releases/1"), dir.0.join("releases/2"));
    write_site(&one, &[("a", "甲", "c1", 5), ("gone", "撤下", "c1", 50)]);
    write_site(&two, &[("a", "甲", "c1", 7)]);
    std::os::unix::fs::symlink("releases/1", dir.0.join("current")).expect("link");
    let database = dir.0.join("counts.sqlite");
    let served = Served::start(&dir.0, &database.display().to_string(), 1000);
    assert_eq!(served.hit("gone", "203.0.113.1").0, 202);
    served.settle();
    let ranked = |served: &Served| {
        let (_, body) = served.get("/api/top?window=all");
        parse_top(&body, Window::All)
            .expect("top")
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ranked(&served), ["gone", "a"]);

    // The switch, as `portal build --out` makes it: a new link renamed over `current`.
    std::os::unix::fs::symlink("releases/2", dir.0.join("current.new")).expect("link");
    std::fs::rename(dir.0.join("current.new"), dir.0.join("current")).expect("switch");
    assert!(served.counter.reread_if_switched().expect("read again"));
    assert!(
        !served.counter.reread_if_switched().expect("read again"),
        "read once"
    );
    assert_eq!(served.hit("gone", "203.0.113.2").0, 404);
    served.settle();
    assert_eq!(ranked(&served), ["a"]);
    assert_eq!(
        served.views("a"),
        Some(7),
        "the new starting count replaces the old"
    );
    assert_eq!(served.views("gone"), None);
}
