//! A directed graph with topological ordering and cycle reporting.
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphError {
    UnknownNode(String),
    Cycle(Vec<String>),
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GraphError::UnknownNode(name) => write!(f, "unknown node {}", name),
            GraphError::Cycle(path) => write!(f, "cycle: {}", path.join(" -> ")),
        }
    }
}

#[derive(Default)]
pub struct Graph {
    edges: HashMap<String, Vec<String>>,
}

impl Graph {
    pub fn new() -> Self {
        Graph { edges: HashMap::new() }
    }

    pub fn add_node(&mut self, name: &str) {
        self.edges.entry(name.to_string()).or_default();
    }

    pub fn add_edge(&mut self, from: &str, to: &str) -> Result<(), GraphError> {
        if !self.edges.contains_key(to) {
            return Err(GraphError::UnknownNode(to.to_string()));
        }
        match self.edges.get_mut(from) {
            Some(targets) => {
                if !targets.iter().any(|t| t == to) {
                    targets.push(to.to_string());
                }
                Ok(())
            }
            None => Err(GraphError::UnknownNode(from.to_string())),
        }
    }

    pub fn topological_order(&self) -> Result<Vec<String>, GraphError> {
        let mut indegree: HashMap<&str, usize> = self.edges.keys().map(|k| (k.as_str(), 0)).collect();
        for targets in self.edges.values() {
            for target in targets {
                *indegree.get_mut(target.as_str()).unwrap() += 1;
            }
        }
        let mut ready: Vec<&str> = indegree.iter().filter(|(_, &d)| d == 0).map(|(k, _)| *k).collect();
        ready.sort();
        let mut queue: VecDeque<&str> = ready.into_iter().collect();
        let mut order = Vec::with_capacity(self.edges.len());
        while let Some(node) = queue.pop_front() {
            order.push(node.to_string());
            let mut next: Vec<&str> = Vec::new();
            for target in &self.edges[node] {
                let d = indegree.get_mut(target.as_str()).unwrap();
                *d -= 1;
                if *d == 0 {
                    next.push(target.as_str());
                }
            }
            next.sort();
            queue.extend(next);
        }
        if order.len() < self.edges.len() {
            return Err(GraphError::Cycle(self.find_cycle()));
        }
        Ok(order)
    }

    fn find_cycle(&self) -> Vec<String> {
        let mut visited = HashSet::new();
        let mut names: Vec<&String> = self.edges.keys().collect();
        names.sort();
        for start in names {
            let mut path = Vec::new();
            if self.visit(start, &mut visited, &mut path) {
                return path;
            }
        }
        Vec::new()
    }

    fn visit(&self, node: &str, visited: &mut HashSet<String>, path: &mut Vec<String>) -> bool {
        if let Some(at) = path.iter().position(|p| p == node) {
            path.drain(..at);
            path.push(node.to_string());
            return true;
        }
        if !visited.insert(node.to_string()) {
            return false;
        }
        path.push(node.to_string());
        for target in &self.edges[node] {
            if self.visit(target, visited, path) {
                return true;
            }
        }
        path.pop();
        false
    }
}
