// probe is the real node's test image: one static binary, no shell, no package manager. Tests run
// it as a server behind a Service and as a client that checks what a pod can and cannot reach.
//
//	probe serve ADDR            answer GET / with the pod's hostname (and log each request)
//	probe get URL [TRIES]       print the body of a GET; exit 1 on any error (after TRIES tries,
//	                            one a second: a new Service's rules take a moment to appear)
//	probe resolve NAME          print the addresses NAME resolves to; exit 1 if none
//	probe dial ADDR             exit 0 if a TCP connection to ADDR opens within 3 s
//	probe routes                print the IPv4 routing table (/proc/net/route)
//	probe echo WORDS...         print WORDS (for exec)
//	probe sleep SECONDS         sleep, then exit 0 (for Jobs); 0 sleeps until SIGTERM
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: probe serve|get|resolve|dial|routes|echo|sleep ...")
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "serve":
		serve(arg(args, 0, ":8080"))
	case "get":
		tries, err := strconv.Atoi(arg(args, 1, "1"))
		if err != nil {
			fail(err.Error())
		}
		get(arg(args, 0, ""), tries)
	case "resolve":
		resolve(arg(args, 0, ""))
	case "dial":
		conn, err := net.DialTimeout("tcp", arg(args, 0, ""), 3*time.Second)
		if err != nil {
			fail(err.Error())
		}
		conn.Close()
		fmt.Println("connected")
	case "routes":
		routes()
	case "echo":
		fmt.Println(strings.Join(args, " "))
	case "sleep":
		n, err := strconv.Atoi(arg(args, 0, "0"))
		if err != nil {
			fail(err.Error())
		}
		sleep(n)
	default:
		fail("unknown command " + os.Args[1])
	}
}

func arg(args []string, i int, def string) string {
	if i < len(args) {
		return args[i]
	}
	if def == "" {
		fail("missing argument")
	}
	return def
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "probe:", msg)
	os.Exit(1)
}

func serve(addr string) {
	host, _ := os.Hostname()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Printf("%s %s from %s\n", r.Method, r.URL.Path, r.RemoteAddr)
		fmt.Fprintf(w, "hello from %s\n", host)
	})
	srv := &http.Server{Addr: addr, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}()
	fmt.Println("serving on", addr)
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		fail(err.Error())
	}
}

func get(url string, tries int) {
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(url)
	for i := 1; err != nil && i < tries; i++ {
		fmt.Fprintln(os.Stderr, "probe: try", i, "failed:", err)
		time.Sleep(time.Second)
		resp, err = client.Get(url)
	}
	if err != nil {
		fail(err.Error())
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	os.Stdout.Write(body)
	if resp.StatusCode >= 400 {
		fail(resp.Status)
	}
}

func resolve(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupHost(ctx, name)
	if err != nil {
		fail(err.Error())
	}
	fmt.Println(strings.Join(addrs, " "))
}

// routes prints destination/mask via gateway, one route a line, from the kernel's table.
func routes() {
	f, err := os.Open("/proc/net/route")
	if err != nil {
		fail(err.Error())
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Scan() // header
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) < 8 {
			continue
		}
		fmt.Printf("%s %s/%s via %s\n", fields[0], hexIP(fields[1]), hexIP(fields[7]), hexIP(fields[2]))
	}
}

func hexIP(h string) string {
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return h
	}
	b := make([]byte, 4)
	binary.LittleEndian.PutUint32(b, uint32(v))
	return net.IP(b).String()
}

func sleep(seconds int) {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	if seconds == 0 {
		<-stop
		return
	}
	select {
	case <-stop:
	case <-time.After(time.Duration(seconds) * time.Second):
	}
}
