//! A blueprint's or deployment's topology as boxes and arrows, laid out here so the console
//! can draw it as plain SVG: `contained_in` nests a node's box inside its host's box;
//! `connected_to` and `depends_on` become arrows. Within each box (and at the top) the
//! sibling boxes are placed in columns by a longest-path layering of the arrows between
//! them, so arrows mostly run left to right. Deterministic, no graph library.

use serde_json::Value;

/// The kind of arrow a relationship draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    ConnectedTo,
    DependsOn,
}

impl Link {
    pub fn as_str(&self) -> &'static str {
        match self {
            Link::ConnectedTo => "connected_to",
            Link::DependsOn => "depends_on",
        }
    }
}

/// A node as the topology needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopologyNode {
    pub id: String,
    pub node_type: String,
    /// Planned (blueprint) or deployed (deployment) instance count, when known.
    pub instances: Option<u64>,
    /// The node whose box holds this one (`contained_in` relationship).
    pub contained_in: Option<String>,
    /// Other relationships, by target node id.
    pub links: Vec<(String, Link)>,
}

/// How a relationship type is drawn, from its type and type hierarchy.
fn classify(rel: &Value) -> Option<Link> {
    let mut types: Vec<&str> = rel
        .get("type_hierarchy")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    types.extend(rel.get("type").and_then(Value::as_str));
    if types.iter().any(|t| t.ends_with("contained_in")) {
        None
    } else if types.iter().any(|t| t.ends_with("connected_to")) {
        Some(Link::ConnectedTo)
    } else {
        Some(Link::DependsOn)
    }
}

/// Reads nodes from a blueprint plan's `nodes` (or from a `GET /nodes` list: same fields).
pub fn nodes_from_plan(plan: &Value) -> Vec<TopologyNode> {
    let nodes = plan.get("nodes").unwrap_or(plan);
    nodes_from_list(nodes.as_array().map(Vec::as_slice).unwrap_or_default())
}

/// Reads nodes from a list of node objects (`id`, `type`, `relationships`, instance counts).
pub fn nodes_from_list(nodes: &[Value]) -> Vec<TopologyNode> {
    nodes
        .iter()
        .filter_map(|n| {
            let id = n.get("id").or_else(|| n.get("name"))?.as_str()?.to_string();
            let instances = [
                "number_of_instances",
                "deploy_number_of_instances",
                "planned_number_of_instances",
            ]
            .iter()
            .find_map(|k| n.get(*k).and_then(Value::as_u64))
            .or_else(|| {
                n.pointer("/capabilities/scalable/properties/default_instances")
                    .and_then(Value::as_u64)
            });
            let mut node = TopologyNode {
                id,
                node_type: n
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                instances,
                ..TopologyNode::default()
            };
            for rel in n
                .get("relationships")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(target) = rel
                    .get("target_id")
                    .or_else(|| rel.get("target"))
                    .and_then(Value::as_str)
                else {
                    continue;
                };
                match classify(rel) {
                    None if node.contained_in.is_none() => {
                        node.contained_in = Some(target.to_string())
                    }
                    None => {}
                    Some(link) => node.links.push((target.to_string(), link)),
                }
            }
            Some(node)
        })
        .collect()
}

/// A node's box, in SVG user units from the drawing's top-left corner.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    pub id: String,
    pub node_type: String,
    pub instances: Option<u64>,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// How many boxes hold this one (0 at the top).
    pub depth: usize,
    /// Holds other boxes: its title sits at its top instead of its middle.
    pub container: bool,
}

/// An arrow from one box's edge to another's.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub from: String,
    pub to: String,
    pub link: Link,
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Outer boxes before the boxes they hold, so drawing in order nests correctly.
    pub boxes: Vec<NodeBox>,
    pub arrows: Vec<Arrow>,
    pub width: f64,
    pub height: f64,
}

pub const LEAF_W: f64 = 190.0;
pub const LEAF_H: f64 = 58.0;
/// Room for a container's title above the boxes it holds.
pub const HEADER: f64 = 44.0;
const PAD: f64 = 14.0;
/// Room between columns for the arrows.
const COL_GAP: f64 = 64.0;
const ROW_GAP: f64 = 18.0;
const MARGIN: f64 = 16.0;
/// A layer with more boxes than this is split into several columns.
const MAX_PER_COLUMN: usize = 6;

struct Graph<'a> {
    nodes: &'a [TopologyNode],
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Links between existing, distinct nodes.
    links: Vec<(usize, usize, Link)>,
}

impl<'a> Graph<'a> {
    fn new(nodes: &'a [TopologyNode]) -> Self {
        let index = |id: &str| nodes.iter().position(|n| n.id == id);
        let n = nodes.len();
        let mut parent: Vec<Option<usize>> = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                node.contained_in
                    .as_deref()
                    .and_then(index)
                    .filter(|&p| p != i)
            })
            .collect();
        // Break containment cycles: a node whose chain of hosts comes back to it goes to the top.
        for i in 0..n {
            let mut seen = 0;
            let mut at = parent[i];
            while let Some(p) = at {
                if p == i || seen > n {
                    parent[i] = None;
                    break;
                }
                seen += 1;
                at = parent[p];
            }
        }
        let mut children = vec![Vec::new(); n];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        let links = nodes
            .iter()
            .enumerate()
            .flat_map(|(i, node)| {
                node.links.iter().filter_map(move |(to, link)| {
                    let j = index(to)?;
                    (j != i).then_some((i, j, *link))
                })
            })
            .collect();
        Graph {
            nodes,
            parent,
            children,
            links,
        }
    }

    /// The ancestor of `i` (or `i` itself) whose parent is `group_parent`.
    fn lift(&self, mut i: usize, group_parent: Option<usize>) -> Option<usize> {
        loop {
            if self.parent[i] == group_parent {
                return Some(i);
            }
            i = self.parent[i]?;
        }
    }

    /// Sizes of every box, children first.
    fn size(&self, i: usize, sizes: &mut [(f64, f64)], offsets: &mut [(f64, f64)]) {
        if self.children[i].is_empty() {
            sizes[i] = (LEAF_W, LEAF_H);
            return;
        }
        let (gw, gh) = self.group(&self.children[i].clone(), Some(i), sizes, offsets);
        sizes[i] = ((gw + 2.0 * PAD).max(LEAF_W), HEADER + gh + PAD);
    }

    /// Lays out siblings in columns; records each member's offset inside the group and
    /// returns the group's size.
    fn group(
        &self,
        members: &[usize],
        group_parent: Option<usize>,
        sizes: &mut [(f64, f64)],
        offsets: &mut [(f64, f64)],
    ) -> (f64, f64) {
        for &m in members {
            self.size(m, sizes, offsets);
        }
        // Arrows between the members' subtrees, as arrows between the members.
        let pos = |i: usize| members.iter().position(|&m| m == i);
        let edges: Vec<(usize, usize)> = self
            .links
            .iter()
            .filter_map(|&(a, b, _)| {
                let a = pos(self.lift(a, group_parent)?)?;
                let b = pos(self.lift(b, group_parent)?)?;
                (a != b).then_some((a, b))
            })
            .collect();
        // Longest path from the sources; bounded so that cycles end.
        let mut layer = vec![0usize; members.len()];
        for _ in 0..members.len() {
            let mut changed = false;
            for &(a, b) in &edges {
                if layer[b] < layer[a] + 1 && layer[a] + 1 < members.len() {
                    layer[b] = layer[a] + 1;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let layers = layer.iter().max().map_or(0, |m| m + 1);
        let mut columns: Vec<Vec<usize>> = Vec::new();
        for l in 0..layers {
            let in_layer: Vec<usize> = (0..members.len()).filter(|&k| layer[k] == l).collect();
            columns.extend(in_layer.chunks(MAX_PER_COLUMN).map(<[usize]>::to_vec));
        }
        let column_size = |col: &[usize]| {
            let w = col.iter().map(|&k| sizes[members[k]].0).fold(0.0, f64::max);
            let h = col.iter().map(|&k| sizes[members[k]].1).sum::<f64>()
                + ROW_GAP * col.len().saturating_sub(1) as f64;
            (w, h)
        };
        let height = columns.iter().map(|c| column_size(c).1).fold(0.0, f64::max);
        let mut x = 0.0;
        for col in &columns {
            let (w, h) = column_size(col);
            let mut y = (height - h) / 2.0;
            for &k in col {
                let m = members[k];
                offsets[m] = (x + (w - sizes[m].0) / 2.0, y);
                y += sizes[m].1 + ROW_GAP;
            }
            x += w + COL_GAP;
        }
        ((x - COL_GAP).max(0.0), height)
    }

    fn place(
        &self,
        i: usize,
        origin: (f64, f64),
        depth: usize,
        sizes: &[(f64, f64)],
        offsets: &[(f64, f64)],
        out: &mut Vec<(usize, NodeBox)>,
    ) {
        let (x, y) = (origin.0 + offsets[i].0, origin.1 + offsets[i].1);
        let node = &self.nodes[i];
        out.push((
            i,
            NodeBox {
                id: node.id.clone(),
                node_type: node.node_type.clone(),
                instances: node.instances,
                x,
                y,
                w: sizes[i].0,
                h: sizes[i].1,
                depth,
                container: !self.children[i].is_empty(),
            },
        ));
        if self.children[i].is_empty() {
            return;
        }
        // Children are centred horizontally in their host.
        let (gw, _) = self.children[i]
            .iter()
            .fold((0.0f64, 0.0f64), |(w, h), &c| {
                (w.max(offsets[c].0 + sizes[c].0), h)
            });
        let inner = (x + (sizes[i].0 - gw) / 2.0, y + HEADER);
        for &c in &self.children[i] {
            self.place(c, inner, depth + 1, sizes, offsets, out);
        }
    }
}

/// Where each node's box goes and where each arrow runs.
pub fn layout(nodes: &[TopologyNode]) -> Layout {
    let g = Graph::new(nodes);
    let n = nodes.len();
    let mut sizes = vec![(0.0, 0.0); n];
    let mut offsets = vec![(0.0, 0.0); n];
    let roots: Vec<usize> = (0..n).filter(|&i| g.parent[i].is_none()).collect();
    let (w, h) = g.group(&roots, None, &mut sizes, &mut offsets);
    let mut placed = Vec::with_capacity(n);
    for &r in &roots {
        g.place(r, (MARGIN, MARGIN), 0, &sizes, &offsets, &mut placed);
    }
    let mut by_node: Vec<Option<usize>> = vec![None; n];
    for (k, (i, _)) in placed.iter().enumerate() {
        by_node[*i] = Some(k);
    }
    let arrows = g
        .links
        .iter()
        .filter_map(|&(a, b, link)| {
            let from = &placed[by_node[a]?].1;
            let to = &placed[by_node[b]?].1;
            let ((x1, y1), (x2, y2)) = attach(from, to);
            Some(Arrow {
                from: from.id.clone(),
                to: to.id.clone(),
                link,
                x1,
                y1,
                x2,
                y2,
            })
        })
        .collect();
    Layout {
        boxes: placed.into_iter().map(|(_, b)| b).collect(),
        arrows,
        width: if n == 0 { 0.0 } else { w + 2.0 * MARGIN },
        height: if n == 0 { 0.0 } else { h + 2.0 * MARGIN },
    }
}

/// The points on the two boxes' edges an arrow joins: facing sides, left/right when the
/// boxes are apart horizontally, else top/bottom.
fn attach(a: &NodeBox, b: &NodeBox) -> ((f64, f64), (f64, f64)) {
    let (acx, acy) = (a.x + a.w / 2.0, a.y + a.h / 2.0);
    let (bcx, bcy) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
    // A container's title band is where its own arrows attach vertically.
    let mid = |n: &NodeBox| {
        if n.container {
            n.y + HEADER / 2.0
        } else {
            n.y + n.h / 2.0
        }
    };
    if b.x >= a.x + a.w {
        ((a.x + a.w, mid(a)), (b.x, mid(b)))
    } else if a.x >= b.x + b.w {
        ((a.x, mid(a)), (b.x + b.w, mid(b)))
    } else if bcy >= acy {
        ((acx, a.y + a.h), (bcx, b.y))
    } else {
        ((acx, a.y), (bcx, b.y + b.h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(id: &str, host: Option<&str>, links: &[(&str, Link)]) -> TopologyNode {
        TopologyNode {
            id: id.into(),
            node_type: "t".into(),
            instances: Some(1),
            contained_in: host.map(String::from),
            links: links.iter().map(|(t, l)| (t.to_string(), *l)).collect(),
        }
    }

    fn find<'a>(l: &'a Layout, id: &str) -> &'a NodeBox {
        l.boxes.iter().find(|b| b.id == id).unwrap()
    }

    fn inside(inner: &NodeBox, outer: &NodeBox) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y + HEADER - 0.01
            && inner.x + inner.w <= outer.x + outer.w
            && inner.y + inner.h <= outer.y + outer.h
    }

    fn overlap(a: &NodeBox, b: &NodeBox) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }

    #[test]
    fn plan_nodes_are_read_with_their_relationships_and_counts() {
        let plan = json!({"nodes": [
            {"id": "vm", "type": "cloudify.nodes.Compute",
             "capabilities": {"scalable": {"properties": {"default_instances": 3}}},
             "relationships": []},
            {"id": "app", "type": "cloudify.nodes.WebServer", "relationships": [
                {"type": "cloudify.relationships.contained_in", "target_id": "vm"},
                {"type": "my.rel", "type_hierarchy": ["cloudify.relationships.depends_on",
                  "cloudify.relationships.connected_to", "my.rel"], "target_id": "db"},
                {"type": "cloudify.relationships.depends_on", "target_id": "vm"}]},
            {"name": "no-id-field", "type": "x", "number_of_instances": 2},
            {"type": "no id at all"}
        ]});
        let nodes = nodes_from_plan(&plan);
        assert_eq!(nodes.len(), 3);
        assert_eq!(nodes[0].instances, Some(3));
        assert_eq!(nodes[1].contained_in.as_deref(), Some("vm"));
        assert_eq!(
            nodes[1].links,
            [
                ("db".to_string(), Link::ConnectedTo),
                ("vm".to_string(), Link::DependsOn)
            ]
        );
        assert_eq!(nodes[2].id, "no-id-field");
        assert_eq!(nodes[2].instances, Some(2));
        assert!(nodes_from_plan(&json!({"nodes": "not a list"})).is_empty());
    }

    #[test]
    fn contained_nodes_nest_inside_their_host_box() {
        let nodes = [
            node("vm", None, &[]),
            node("app", Some("vm"), &[]),
            node("war", Some("app"), &[]),
            node("cfg", Some("vm"), &[]),
        ];
        let l = layout(&nodes);
        assert_eq!(l.boxes[0].id, "vm", "hosts are drawn before what they hold");
        let (vm, app, war, cfg) = (
            find(&l, "vm"),
            find(&l, "app"),
            find(&l, "war"),
            find(&l, "cfg"),
        );
        assert!(vm.container && app.container && !war.container);
        assert_eq!((vm.depth, app.depth, war.depth), (0, 1, 2));
        assert!(inside(app, vm) && inside(cfg, vm) && inside(war, app));
        assert!(!overlap(app, cfg));
        assert!(vm.x + vm.w <= l.width && vm.y + vm.h <= l.height);
    }

    #[test]
    fn arrows_run_left_to_right_between_layers() {
        // web → app → db, and app's host must sit right of web's.
        let nodes = [
            node("db_vm", None, &[]),
            node("db", Some("db_vm"), &[]),
            node("app_vm", None, &[]),
            node("app", Some("app_vm"), &[("db", Link::ConnectedTo)]),
            node("web", None, &[("app", Link::DependsOn)]),
        ];
        let l = layout(&nodes);
        let (web, app_vm, db_vm) = (find(&l, "web"), find(&l, "app_vm"), find(&l, "db_vm"));
        assert!(web.x + web.w < app_vm.x);
        assert!(app_vm.x + app_vm.w < db_vm.x);
        assert_eq!(l.arrows.len(), 2);
        let a = l.arrows.iter().find(|a| a.from == "app").unwrap();
        assert_eq!(a.link, Link::ConnectedTo);
        let (app, db) = (find(&l, "app"), find(&l, "db"));
        assert_eq!((a.x1, a.x2), (app.x + app.w, db.x));
    }

    #[test]
    fn cycles_and_dangling_targets_do_not_hang_or_vanish() {
        let nodes = [
            node(
                "a",
                Some("b"),
                &[("b", Link::DependsOn), ("ghost", Link::DependsOn)],
            ),
            node("b", Some("a"), &[("a", Link::ConnectedTo)]),
            node("c", Some("c"), &[("c", Link::DependsOn)]),
            node("d", Some("ghost"), &[]),
        ];
        let l = layout(&nodes);
        assert_eq!(l.boxes.len(), 4);
        assert_eq!(l.arrows.len(), 2, "self and missing targets draw nothing");
        assert!(layout(&[]).boxes.is_empty());
    }

    #[test]
    fn fifty_nodes_stay_readable() {
        // 10 hosts holding 4 nodes each, the rest free; a chain of dependencies.
        let mut nodes = Vec::new();
        for h in 0..10 {
            nodes.push(node(&format!("host{h}"), None, &[]));
            for k in 0..4 {
                let links = if h > 0 {
                    vec![(format!("n{}_{k}", h - 1), Link::ConnectedTo)]
                } else {
                    vec![]
                };
                let mut n = node(&format!("n{h}_{k}"), Some(&format!("host{h}")), &[]);
                n.links = links;
                nodes.push(n);
            }
        }
        for k in 0..10 {
            nodes.push(node(&format!("free{k}"), None, &[]));
        }
        assert_eq!(nodes.len(), 60);
        let l = layout(&nodes);
        assert_eq!(l.boxes.len(), 60);
        // No two sibling boxes overlap; every box is inside the drawing.
        for (i, a) in l.boxes.iter().enumerate() {
            assert!(a.x >= 0.0 && a.y >= 0.0 && a.x + a.w <= l.width && a.y + a.h <= l.height);
            for b in &l.boxes[i + 1..] {
                if a.depth == b.depth {
                    assert!(!overlap(a, b), "{} overlaps {}", a.id, b.id);
                }
            }
        }
        // Boxes keep their readable size: no shrinking to fit.
        assert!(l.boxes.iter().all(|b| b.w >= LEAF_W && b.h >= LEAF_H));
        // A long layer wraps into columns instead of one very tall column.
        assert!(l.height < 7.0 * (LEAF_H + HEADER + 2.0 * 18.0 + 4.0 * (LEAF_H + 18.0)));
    }
}
