// A tiny to-do list, to try code completion on.
export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

export class TodoList {
  private items: Todo[] = [];
  private nextId = 1;

  add(title: string): Todo {
    const todo = { id: this.nextId++, title, done: false };
    this.items.push(todo);
    return todo;
  }

  complete(id: number): boolean {
    const todo = this.items.find((t) => t.id === id);
    if (!todo) return false;
    todo.done = true;
    return true;
  }

  pending(): Todo[] {
    return this.items.filter((t) => !t.done);
  }
}
