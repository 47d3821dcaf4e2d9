//! The demo manager's sign-ins, known to the console even when the manager itself runs
//! elsewhere (in a Web Worker).

/// A demo sign-in, shown on the login page in demo mode.
#[derive(Clone, Copy, Debug)]
pub struct DemoUser {
    pub username: &'static str,
    pub password: &'static str,
    pub what: &'static str,
}

pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        username: "admin",
        password: "admin",
        what: "system admin, every tenant",
    },
    DemoUser {
        username: "alice",
        password: "alice",
        what: "manager of default_tenant",
    },
    DemoUser {
        username: "bob",
        password: "bob",
        what: "user in default_tenant and payments",
    },
    DemoUser {
        username: "carol",
        password: "carol",
        what: "viewer of research",
    },
];
