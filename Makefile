# llm-gateway-kit: a private local LiteLLM -> Bedrock gateway whose request
# logs land in MinIO. Every target is a thin wrapper over scripts/<task>.ts;
# pass flags with ARGS, e.g. `make clean ARGS=--yes`.
.DEFAULT_GOAL := help
SHELL := bash
ARGS ?=
ZX := npx --no-install zx

# npm packages, installed when the lock file is newer than the install.
DEPS := node_modules/.package-lock.json
$(DEPS): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

.PHONY: help setup up down check logs clean doctor test deps

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  flags: make <target> ARGS=\"...\"   (each script's --help lists them)"

deps: $(DEPS) ## install the npm packages the scripts need

setup: $(DEPS) ## write .env: aws-vault profile (or offline), region, model, secrets
	@$(ZX) scripts/setup.ts $(ARGS)

up: $(DEPS) ## start the stack (setup first if .env is missing), print URLs
	@$(ZX) scripts/up.ts $(ARGS)

down: $(DEPS) ## stop and remove containers, keep data
	@$(ZX) scripts/down.ts $(ARGS)

check: $(DEPS) ## readiness, one completion, find its log object in the bucket
	@$(ZX) scripts/check.ts $(ARGS)

logs: $(DEPS) ## archived logs: today's list, or ARGS="show last|tail|summary|..."
	@$(ZX) scripts/logs.ts $(ARGS)

doctor: $(DEPS) ## preflight: docker, compose, aws-vault, ports, .env
	@$(ZX) scripts/doctor.ts $(ARGS)

clean: $(DEPS) ## down with volumes and delete .data/ (asks first; ARGS=--yes)
	@$(ZX) scripts/clean.ts $(ARGS)

test: ## run every test suite (installs npm packages and the LiteLLM venv)
	@bash test/run.sh
