package main

import (
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"strconv"
	"sync"
	"time"
)

type Task struct {
	ID        int       `json:"id"`
	Title     string    `json:"title"`
	Done      bool      `json:"done"`
	CreatedAt time.Time `json:"createdAt"`
}

type Store struct {
	mu     sync.Mutex
	nextID int
	tasks  map[int]*Task
}

func NewStore() *Store {
	return &Store{nextID: 1, tasks: make(map[int]*Task)}
}

func (s *Store) Add(title string) (*Task, error) {
	if title == "" {
		return nil, errors.New("title is required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	task := &Task{ID: s.nextID, Title: title, CreatedAt: time.Now()}
	s.tasks[task.ID] = task
	s.nextID++
	return task, nil
}

func (s *Store) Complete(id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	task, ok := s.tasks[id]
	if !ok {
		return errors.New("no such task")
	}
	task.Done = true
	return nil
}

func (s *Store) List() []*Task {
	s.mu.Lock()
	defer s.mu.Unlock()
	tasks := make([]*Task, 0, len(s.tasks))
	for _, task := range s.tasks {
		tasks = append(tasks, task)
	}
	return tasks
}

func writeJSON(w http.ResponseWriter, status int, value any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(value); err != nil {
		log.Printf("encode: %v", err)
	}
}

func (s *Store) handleTasks(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, s.List())
	case http.MethodPost:
		var body struct{ Title string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		task, err := s.Add(body.Title)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusCreated, task)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func (s *Store) handleComplete(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "id must be a number"})
		return
	}
	if err := s.Complete(id); err != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	store := NewStore()
	http.HandleFunc("/tasks", store.handleTasks)
	http.HandleFunc("/tasks/complete", store.handleComplete)
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", nil))
}
