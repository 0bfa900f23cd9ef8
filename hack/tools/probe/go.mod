module openstackcloud.dev/hack/tools/probe

go 1.26.0
