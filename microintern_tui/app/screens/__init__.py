"""One screen a module: home (interns), an intern, the modal forms, milestones, help."""
