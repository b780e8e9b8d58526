//! The header and navigation on a phone and a laptop, in headless Chromium on the real
//! toolkit: at 390×844 the H1 of the home page and of a module starts within the first 200 px
//! and no section navigation sits above it; the menu button opens the navigation as a drawer
//! and closes it by keyboard (Enter, Escape) with focus returned; the header bar stays at the
//! top of a long page; without JavaScript the "Menu" link leads to the same navigation; the
//! dark-mode button remembers the reader's choice over the system's.

use crate::browser;
use crate::emulation;
use crate::served_toolkit;
use crate::toolkit;

use browser::{chromium_available, Browser, Key};
use serde_json::{json, Value};

const MODULE: &str = "modules/module-five/";

async fn js(browser: &Browser, code: &str) -> Value {
    browser.execute(code, vec![]).await.unwrap()
}

/// Where the page's H1 starts, in CSS pixels from the top of the page.
async fn h1_top(browser: &Browser) -> f64 {
    js(
        browser,
        "return document.querySelector('h1').getBoundingClientRect().top + scrollY;",
    )
    .await
    .as_f64()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_h1_comes_first_and_the_menu_opens_and_closes_by_keyboard() {
    if !chromium_available("phone_header") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    emulation::set_viewport(browser.client(), 390, 844)
        .await
        .unwrap();
    for path in ["", MODULE] {
        browser.goto(&served.server.url(path)).await.unwrap();
        let top = h1_top(&browser).await;
        assert!(top <= 200.0, "{path:?}: the H1 starts {top} px down");
        let nav_above = js(
            &browser,
            "const h1 = document.querySelector('h1').getBoundingClientRect().top;
             return [...document.querySelectorAll('nav a')].filter((a) => {
               const r = a.getBoundingClientRect();
               return r.height > 0 && r.top < h1 && !a.closest('.breadcrumbs');
             }).map((a) => a.textContent);",
        )
        .await;
        assert_eq!(nav_above, json!([]), "{path:?}: links shown above the H1");
    }

    // Keyboard: Tab from the top of the page reaches the menu button after the skip link.
    js(&browser, "document.activeElement.blur(); scrollTo(0, 0);").await;
    browser.press(&Key::Tab.to_string()).await.unwrap();
    browser.press(&Key::Tab.to_string()).await.unwrap();
    let focused = js(&browser, "return document.activeElement.className;").await;
    assert_eq!(focused, json!("menu-toggle"));
    browser.press(&Key::Enter.to_string()).await.unwrap();
    // The drawer's code (menu.js) loads on the first press: wait a moment, as a reader would.
    for _ in 0..40 {
        let expanded =
            "return document.querySelector('.menu-toggle').getAttribute('aria-expanded');";
        if js(&browser, expanded).await == json!("true") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let open = js(
        &browser,
        "const d = document.getElementById('site-menu');
         return { expanded: document.querySelector('.menu-toggle').getAttribute('aria-expanded'),
                  shown: d.getBoundingClientRect().height > 0,
                  focusInside: d.contains(document.activeElement),
                  links: [...d.querySelectorAll('a')].map((a) => a.textContent),
                  mainInert: document.querySelector('main').inert };",
    )
    .await;
    assert_eq!(open["expanded"], json!("true"), "{open}");
    assert_eq!(open["shown"], json!(true), "{open}");
    assert_eq!(open["focusInside"], json!(true), "{open}");
    assert_eq!(open["mainInert"], json!(true), "{open}");
    let links = open["links"].to_string();
    for expected in ["Module Five", "Training modules", "Site index", "Roles"] {
        assert!(
            links.contains(expected),
            "the drawer lacks {expected}: {links}"
        );
    }
    browser.press(&Key::Escape.to_string()).await.unwrap();
    let closed = js(
        &browser,
        "return { expanded: document.querySelector('.menu-toggle').getAttribute('aria-expanded'),
                  shown: document.getElementById('site-menu').getBoundingClientRect().height > 0,
                  focus: document.activeElement.className,
                  mainInert: document.querySelector('main').inert };",
    )
    .await;
    assert_eq!(
        closed,
        json!({ "expanded": "false", "shown": false, "focus": "menu-toggle", "mainInert": false })
    );

    // The header bar stays reachable at the end of a long page.
    let header = js(
        &browser,
        "scrollTo(0, document.body.scrollHeight);
         const r = document.querySelector('.site-header').getBoundingClientRect();
         return { scrolled: scrollY > 2000, top: r.top, height: r.height };",
    )
    .await;
    assert_eq!(header["scrolled"], json!(true), "{header}");
    assert_eq!(header["top"], json!(0), "{header}");
    assert!(header["height"].as_f64().unwrap() <= 64.0, "{header}");

    // A laptop shows the section links in the header and no menu button.
    emulation::set_viewport(browser.client(), 1280, 800)
        .await
        .unwrap();
    let wide = js(
        &browser,
        "const shown = (s) => document.querySelector(s).getBoundingClientRect().height > 0;
         return [shown('.site-nav'), shown('.menu-toggle'), shown('.sidebar')];",
    )
    .await;
    assert_eq!(wide, json!([true, false, true]));
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dark_mode_button_overrides_the_system_and_is_remembered() {
    if !chromium_available("dark_mode_button") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    emulation::set_viewport(browser.client(), 1280, 800)
        .await
        .unwrap();
    emulation::set_color_scheme(browser.client(), emulation::Scheme::Light)
        .await
        .unwrap();
    browser.goto(&served.server.url(MODULE)).await.unwrap();
    let state = "return [document.querySelector('.theme-toggle').getAttribute('aria-pressed'),
                         getComputedStyle(document.body).backgroundColor];";
    assert_eq!(
        js(&browser, state).await,
        json!(["false", "rgb(255, 255, 255)"])
    );
    browser.click(".theme-toggle").await.unwrap();
    let dark = js(&browser, state).await;
    assert_eq!(dark[0], json!("true"));
    assert_ne!(dark[1], json!("rgb(255, 255, 255)"));
    // Remembered on the next page, before any module script runs.
    browser.goto(&served.server.url("")).await.unwrap();
    assert_eq!(js(&browser, state).await, dark);
    browser.close().await.unwrap();
}

#[test]
fn without_javascript_the_menu_link_leads_to_the_navigation() {
    let dir = toolkit::temp_output();
    let site = toolkit::build_into(dir, "http://127.0.0.1:1/toolkit/");
    let html = site.html(MODULE);
    // "Menu" jumps to the section links, which a narrow screen shows once they are the target.
    assert!(html.contains(r##"<a class="menu-link" href="#site-nav">Menu</a>"##));
    let nav = &html[html.find(r#"id="site-nav""#).expect("the section links")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    for link in [">Home<", "Training modules", "Roles"] {
        assert!(nav.contains(link), "the section links lack {link}:\n{nav}");
    }
    let css = std::fs::read_dir(site.root().join("css"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.to_string_lossy().contains("/site."))
        .expect("site.css");
    let css = std::fs::read_to_string(css).unwrap();
    assert!(css.contains(".site-nav:target{display:block}"), "{css}");
    // The section's own pages follow the page's content, so a phone without JavaScript shows
    // the H1 first; the site index is in the footer.
    let drawer = &html[html.find(r#"id="site-menu""#).expect("the drawer")..];
    let drawer = &drawer[..drawer.find("</div>").unwrap()];
    assert!(drawer.contains("Module Five"), "{drawer}");
    assert!(html.find("<h1>").unwrap() < html.find(r#"id="site-menu""#).unwrap());
    let footer = &html[html.find("<footer").unwrap()..];
    assert!(footer.contains("Site index"), "{footer}");
}

/// At each phone width, no two of the header bar's items overlap and none runs off the screen:
/// the site's name used to run under the search button at 320 px.
#[tokio::test(flavor = "multi_thread")]
async fn on_the_narrowest_phone_the_header_items_do_not_overlap() {
    if !chromium_available("narrow_header") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    for width in [320, 360, 390] {
        emulation::set_viewport(browser.client(), width, 700)
            .await
            .unwrap();
        browser.goto(&served.server.url("")).await.unwrap();
        let clashes = js(
            &browser,
            "const items = [...document.querySelectorAll('.site-header__inner > *')]
               .filter((el) => el.getBoundingClientRect().height > 0);
             // The brand's own text, not its box: a flex item may be wider than its words.
             const box = (el) => {
               if (!el.classList.contains('brand')) return el.getBoundingClientRect();
               const range = document.createRange(); range.selectNodeContents(el);
               return range.getBoundingClientRect();
             };
             const out = [];
             items.forEach((a, i) => {
               const ra = box(a);
               if (ra.left < 0 || ra.right > innerWidth) out.push(a.className + ' off screen');
               items.slice(i + 1).forEach((b) => {
                 const rb = box(b);
                 const overlap = ra.left < rb.right - 1 && rb.left < ra.right - 1
                   && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1;
                 if (overlap) out.push(a.className + ' / ' + b.className);
               });
             });
             return out;",
        )
        .await;
        assert_eq!(clashes, json!([]), "at {width} px the header's items clash");
        let name = js(
            &browser,
            "return document.querySelector('.menu-toggle').textContent.trim();",
        )
        .await;
        assert_eq!(name, json!("Menu"), "the menu button keeps its name");
    }
    browser.close().await.unwrap();
}

/// The drawer's code loads on the first press of the menu button. Where it cannot (offline
/// before it was ever fetched), the press shows the section links, as without JavaScript.
#[tokio::test(flavor = "multi_thread")]
async fn a_menu_press_that_cannot_load_the_drawer_shows_the_section_links() {
    if !chromium_available("menu_fallback") {
        return;
    }
    let served = served_toolkit::serve();
    let browser = Browser::start().await.unwrap();
    emulation::set_viewport(browser.client(), 390, 844)
        .await
        .unwrap();
    browser.goto(&served.server.url(MODULE)).await.unwrap();
    // What an offline reader's browser meets: the drawer's module cannot be fetched.
    js(
        &browser,
        "document.querySelector('.menu-toggle').dataset.module += '-unreachable.js';",
    )
    .await;
    browser.click(".menu-toggle").await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let state = loop {
        let state = js(
            &browser,
            "const nav = document.getElementById('site-nav').getBoundingClientRect();
             return { hash: location.hash, shown: nav.height > 0,
                      links: document.querySelectorAll('#site-nav a').length };",
        )
        .await;
        if state["shown"] == json!(true) || std::time::Instant::now() > deadline {
            break state;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(state["hash"], json!("#site-nav"), "{state}");
    assert_eq!(
        state["shown"],
        json!(true),
        "the section links show: {state}"
    );
    assert!(state["links"].as_u64().unwrap_or(0) >= 3, "{state}");
    browser.close().await.unwrap();
}
