// Shared by every Node-side test project.
export {};
