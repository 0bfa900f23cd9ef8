// Command netpol-eval answers "does the NetworkPolicy set allow this connection?" for given
// (source pod, destination pod, port) tuples, with cyclonus' policy matcher (the engine of
// policy-assistant in sigs.k8s.io/network-policy-api), so tests prove isolation on clusters that
// enforce nothing (kwok). It reads one JSON document on stdin:
//
//	{"namespaces": [Namespace...], "pods": [Pod...], "policies": [NetworkPolicy...],
//	 "queries": [{"source": "ns/pod", "destination": "ns/pod", "port": 3306, "protocol": "TCP"}]}
//
// and prints one JSON array with, per query, the verdict for ingress, egress and both.
// A port may also be given by name ("portName"); the destination's container port resolves it.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/mattfenwick/cyclonus/pkg/matcher"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

type input struct {
	Namespaces []corev1.Namespace           `json:"namespaces"`
	Pods       []corev1.Pod                 `json:"pods"`
	Policies   []networkingv1.NetworkPolicy `json:"policies"`
	Queries    []query                      `json:"queries"`
}

type query struct {
	Source      string          `json:"source"`
	Destination string          `json:"destination"`
	Port        int             `json:"port,omitempty"`
	PortName    string          `json:"portName,omitempty"`
	Protocol    corev1.Protocol `json:"protocol,omitempty"`
}

type verdict struct {
	query
	Allowed bool `json:"allowed"`
	Ingress bool `json:"ingress"`
	Egress  bool `json:"egress"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "netpol-eval:", err)
		os.Exit(1)
	}
}

func run() error {
	in, err := read()
	if err != nil {
		return err
	}
	nsLabels := map[string]map[string]string{}
	for _, ns := range in.Namespaces {
		nsLabels[ns.Name] = ns.Labels
	}
	pods := map[string]*corev1.Pod{}
	for i := range in.Pods {
		p := &in.Pods[i]
		if _, ok := nsLabels[p.Namespace]; !ok {
			return fmt.Errorf("pod %s/%s: its namespace is not in the input", p.Namespace, p.Name)
		}
		pods[p.Namespace+"/"+p.Name] = p
	}
	policies := make([]*networkingv1.NetworkPolicy, len(in.Policies))
	for i := range in.Policies {
		policies[i] = &in.Policies[i]
	}
	policy := matcher.BuildNetworkPolicies(false, policies)

	out := make([]verdict, 0, len(in.Queries))
	for _, q := range in.Queries {
		src, dst := pods[q.Source], pods[q.Destination]
		if src == nil || dst == nil {
			return fmt.Errorf("query %s -> %s: no such pod in the input", q.Source, q.Destination)
		}
		if q.Protocol == "" {
			q.Protocol = corev1.ProtocolTCP
		}
		if err := resolvePort(&q, dst); err != nil {
			return err
		}
		result := policy.IsTrafficAllowed(&matcher.Traffic{
			Source:           peer(src, nsLabels),
			Destination:      peer(dst, nsLabels),
			ResolvedPort:     q.Port,
			ResolvedPortName: q.PortName,
			Protocol:         q.Protocol,
		})
		out = append(out, verdict{query: q, Allowed: result.IsAllowed(),
			Ingress: result.Ingress.IsAllowed(), Egress: result.Egress.IsAllowed()})
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// read decodes stdin. Unknown top-level keys are refused (a typo would silently drop all policies);
// unknown fields inside objects are not, so a newer API server's pods still decode.
func read() (*input, error) {
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(os.Stdin).Decode(&raw); err != nil {
		return nil, fmt.Errorf("reading the input: %w", err)
	}
	for key := range raw {
		switch key {
		case "namespaces", "pods", "policies", "queries":
		default:
			return nil, fmt.Errorf("unknown input key %q", key)
		}
	}
	var in input
	for key, target := range map[string]any{"namespaces": &in.Namespaces, "pods": &in.Pods, "policies": &in.Policies, "queries": &in.Queries} {
		if raw[key] == nil {
			continue
		}
		if err := json.Unmarshal(raw[key], target); err != nil {
			return nil, fmt.Errorf("reading %s: %w", key, err)
		}
	}
	return &in, nil
}

func peer(p *corev1.Pod, nsLabels map[string]map[string]string) *matcher.TrafficPeer {
	return &matcher.TrafficPeer{
		IP: p.Status.PodIP,
		Internal: &matcher.InternalPeer{
			PodLabels:       p.Labels,
			NamespaceLabels: nsLabels[p.Namespace],
			Namespace:       p.Namespace,
		},
	}
}

// resolvePort fills in the number or the name of the port from the destination's containers, as
// policies may name either.
func resolvePort(q *query, dst *corev1.Pod) error {
	for _, c := range dst.Spec.Containers {
		for _, p := range c.Ports {
			proto := p.Protocol
			if proto == "" {
				proto = corev1.ProtocolTCP
			}
			if proto != q.Protocol {
				continue
			}
			if (q.Port != 0 && int(p.ContainerPort) == q.Port) || (q.PortName != "" && p.Name == q.PortName) {
				q.Port, q.PortName = int(p.ContainerPort), p.Name
				return nil
			}
		}
	}
	if q.Port == 0 {
		return fmt.Errorf("query %s -> %s: no port named %q on the destination", q.Source, q.Destination, q.PortName)
	}
	return nil // a port no container declares: only numeric policy ports can match it
}
