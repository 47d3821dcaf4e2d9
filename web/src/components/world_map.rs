//! A world map the console draws itself: rough continent outlines (about 200 points, no tile
//! server, no map library) in an equirectangular projection, with points placed on it by
//! latitude and longitude. Good enough to see where sites are, not to navigate by.

use leptos::prelude::*;

/// Continents as (longitude, latitude) rings, whole degrees, drawn from memory of the map:
/// shapes are recognisable, coastlines are not exact.
const OUTLINES: &[&[(i16, i16)]] = &[
    // North and Central America
    &[
        (-168, 65),
        (-165, 70),
        (-140, 70),
        (-120, 73),
        (-95, 72),
        (-80, 73),
        (-65, 60),
        (-55, 52),
        (-65, 45),
        (-70, 42),
        (-76, 35),
        (-81, 31),
        (-80, 25),
        (-82, 29),
        (-90, 30),
        (-97, 26),
        (-97, 20),
        (-92, 18),
        (-87, 21),
        (-83, 15),
        (-78, 8),
        (-80, 7),
        (-86, 12),
        (-92, 14),
        (-105, 20),
        (-110, 23),
        (-115, 30),
        (-118, 34),
        (-124, 40),
        (-124, 48),
        (-130, 55),
        (-140, 60),
        (-150, 60),
        (-158, 57),
        (-165, 60),
    ],
    // Greenland
    &[
        (-73, 78),
        (-60, 82),
        (-30, 83),
        (-20, 75),
        (-22, 70),
        (-42, 60),
        (-50, 64),
        (-55, 70),
        (-60, 76),
    ],
    // South America
    &[
        (-80, 8),
        (-75, 11),
        (-62, 10),
        (-50, 0),
        (-35, -5),
        (-39, -15),
        (-48, -28),
        (-58, -38),
        (-65, -42),
        (-68, -52),
        (-74, -52),
        (-73, -40),
        (-71, -30),
        (-70, -18),
        (-76, -14),
        (-81, -5),
        (-80, 0),
        (-77, 4),
    ],
    // Europe and Asia
    &[
        (-10, 36),
        (-9, 43),
        (-2, 44),
        (-5, 48),
        (2, 51),
        (8, 54),
        (8, 57),
        (5, 61),
        (12, 66),
        (20, 70),
        (30, 71),
        (45, 68),
        (60, 70),
        (70, 73),
        (80, 73),
        (100, 77),
        (115, 74),
        (140, 72),
        (160, 70),
        (180, 68),
        (180, 65),
        (170, 60),
        (160, 58),
        (155, 50),
        (140, 52),
        (135, 43),
        (128, 38),
        (127, 35),
        (122, 40),
        (120, 35),
        (122, 30),
        (118, 24),
        (110, 20),
        (108, 15),
        (105, 9),
        (100, 13),
        (100, 3),
        (104, 1),
        (98, 8),
        (97, 17),
        (92, 22),
        (88, 22),
        (80, 15),
        (78, 8),
        (73, 18),
        (67, 24),
        (57, 25),
        (56, 27),
        (50, 30),
        (48, 29),
        (55, 22),
        (59, 22),
        (52, 16),
        (43, 12),
        (38, 20),
        (35, 28),
        (33, 31),
        (35, 36),
        (28, 36),
        (26, 40),
        (22, 36),
        (20, 40),
        (14, 41),
        (16, 38),
        (12, 38),
        (10, 44),
        (3, 43),
        (0, 38),
        (-5, 36),
    ],
    // Great Britain
    &[
        (-5, 50),
        (1, 51),
        (2, 53),
        (-3, 56),
        (-5, 58),
        (-6, 57),
        (-3, 54),
        (-5, 52),
    ],
    // Japan
    &[
        (130, 31),
        (135, 34),
        (140, 36),
        (142, 40),
        (141, 45),
        (140, 41),
        (136, 36),
        (131, 34),
    ],
    // Africa
    &[
        (-17, 21),
        (-17, 14),
        (-12, 8),
        (-8, 4),
        (2, 6),
        (9, 4),
        (9, -1),
        (13, -8),
        (12, -17),
        (15, -27),
        (18, -34),
        (25, -34),
        (33, -27),
        (35, -20),
        (40, -15),
        (40, -5),
        (45, 2),
        (51, 11),
        (43, 12),
        (38, 18),
        (32, 31),
        (20, 32),
        (10, 37),
        (0, 36),
        (-6, 35),
        (-10, 30),
        (-16, 26),
    ],
    // Madagascar
    &[(44, -16), (50, -15), (47, -25), (44, -23)],
    // Indonesia and New Guinea, in one rough band
    &[
        (95, 5),
        (105, -6),
        (115, -8),
        (125, -9),
        (140, -9),
        (150, -10),
        (145, -5),
        (132, -1),
        (118, 5),
        (110, 2),
        (100, 1),
    ],
    // Australia
    &[
        (114, -22),
        (122, -18),
        (130, -12),
        (137, -12),
        (142, -11),
        (146, -19),
        (153, -26),
        (150, -37),
        (144, -38),
        (135, -35),
        (129, -31),
        (115, -34),
    ],
    // New Zealand
    &[(172, -35), (178, -38), (174, -41), (168, -46), (171, -42)],
];

/// The map's view: longitudes -180..180, latitudes 84..-60 (no Antarctica).
const TOP: f64 = 84.0;
const BOTTOM: f64 = -60.0;

/// SVG coordinates of a place.
pub fn project(latitude: f64, longitude: f64) -> (f64, f64) {
    (longitude + 180.0, TOP - latitude.clamp(BOTTOM, TOP))
}

fn outline_path() -> String {
    let mut d = String::with_capacity(2048);
    for ring in OUTLINES {
        for (i, (lon, lat)) in ring.iter().enumerate() {
            let (x, y) = project(f64::from(*lat), f64::from(*lon));
            d.push(if i == 0 { 'M' } else { 'L' });
            d.push_str(&format!("{x:.0} {y:.0}"));
        }
        d.push('Z');
    }
    d
}

/// One point on the map: where, what it is called, how it is doing and where it leads.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPoint {
    pub latitude: f64,
    pub longitude: f64,
    pub label: String,
    /// A tone of the status palette (`ok`, `bad`, `busy`, `neutral`).
    pub tone: &'static str,
    pub href: String,
}

#[component]
pub fn WorldMap(
    #[prop(into)] points: Signal<Vec<MapPoint>>,
    #[prop(into)] label: String,
) -> impl IntoView {
    let height = TOP - BOTTOM;
    let navigate = leptos_router::hooks::use_navigate();
    // The point under the pointer or the focus, named under the map: an SVG `title` would need
    // an element the view macro builds as HTML, and HTML inside an SVG is never drawn.
    let named = RwSignal::new(None::<String>);
    view! {
        <figure class="world-map-frame">
            // A group of links: each dot is a link (role, focus, Enter) drawn as an SVG circle.
            <svg class="world-map" viewBox=format!("0 0 360 {height}") role="group" aria-label=label>
                <rect class="sea" x="0" y="0" width="360" height=height.to_string()/>
                <path class="land" d=outline_path()/>
                {move || {
                    let navigate = navigate.clone();
                    points.get().into_iter().map(move |p| {
                        let (x, y) = project(p.latitude, p.longitude);
                        let class = format!("site-dot {}", p.tone);
                        let (go, key) = (navigate.clone(), navigate.clone());
                        let (href, href_key) = (p.href.clone(), p.href.clone());
                        let (shown, focused) = (p.label.clone(), p.label.clone());
                        view! {
                            <circle class=class cx=format!("{x:.1}") cy=format!("{y:.1}") r="2.6"
                                role="link" tabindex="0" aria-label=p.label data-href=p.href
                                on:click=move |_| go(&href, Default::default())
                                on:keydown=move |ev: web_sys::KeyboardEvent| {
                                    if ev.key() == "Enter" {
                                        key(&href_key, Default::default());
                                    }
                                }
                                on:mouseenter=move |_| named.set(Some(shown.clone()))
                                on:focus=move |_| named.set(Some(focused.clone()))
                                on:mouseleave=move |_| named.set(None)
                                on:blur=move |_| named.set(None)
                            ></circle>
                        }
                    }).collect_view()
                }}
            </svg>
            <figcaption class="map-caption" aria-live="polite">
                {move || named.get().unwrap_or_else(|| "Point at a site to name it; click it to see its deployments.".into())}
            </figcaption>
        </figure>
    }
    .into_any()
}
